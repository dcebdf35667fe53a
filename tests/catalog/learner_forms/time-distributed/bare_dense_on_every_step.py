# expect: wrong_answer
# feedback: Your Dense layer is not wrapped in TimeDistributed
# feedback: the same computation
# feedback: write TimeDistributed(Dense(4, activation='softmax'))
from tensorflow.keras.layers import Dense, SimpleRNN
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(SimpleRNN(4, input_shape=(3, 2), return_sequences=True))
model.add(Dense(4, activation="softmax"))
