# expect: wrong_answer
# feedback: returns its states (`return_state=True`)
# feedback: several tensors
# feedback: functional API
from tensorflow.keras.layers import SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True, return_state=True))
