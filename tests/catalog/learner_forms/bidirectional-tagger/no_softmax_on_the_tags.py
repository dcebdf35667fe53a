# expect: wrong_answer
# feedback: softmax
from tensorflow.keras.layers import LSTM, Bidirectional, Dense, TimeDistributed
from tensorflow.keras.models import Sequential

model = Sequential()
model.add(Bidirectional(LSTM(4, return_sequences=True), input_shape=(5, 2)))
model.add(TimeDistributed(Dense(3)))
